'use client';
/** Refreshes a server-rendered page when new disconnects arrive (at most every 2 s). */
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useLive } from './live-provider';

export function LiveRefresh({ enabled = true }: { enabled?: boolean }) {
  const { socket } = useLive();
  const router = useRouter();
  useEffect(() => {
    if (!socket || !enabled) return;
    let due = false;
    const onNew = () => {
      due = true;
    };
    const timer = setInterval(() => {
      if (due) {
        due = false;
        router.refresh();
      }
    }, 2000);
    socket.on('disconnects:new', onNew);
    const subscribe = () => socket.emit('subscribe', 'disconnects');
    socket.on('connect', subscribe);
    if (socket.connected) subscribe();
    return () => {
      clearInterval(timer);
      socket.off('disconnects:new', onNew);
      socket.off('connect', subscribe);
      socket.emit('unsubscribe', 'disconnects');
    };
  }, [socket, router, enabled]);
  return null;
}
