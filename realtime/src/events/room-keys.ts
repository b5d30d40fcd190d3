/**
 * Internal Socket.IO room names. Application rooms and user rooms live under their own
 * prefixes so a client can never join a socket-id room or another user's room.
 */
export const appRoomKey = (room: string): string => `room:${room}`;
export const userRoomKey = (userId: string): string => `user:${userId}`;
export const isAppRoomKey = (key: string): boolean => key.startsWith('room:');
