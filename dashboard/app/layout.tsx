import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'sockscope', template: '%s · sockscope' },
  description: 'Live sessions, nodes and disconnect investigation for Socket.IO clusters',
};

// Applies the saved theme before the first paint, so a dark page never flashes light.
const themeScript = `try{var t=localStorage.getItem('sockscope-theme');if(t)document.documentElement.dataset.theme=t}catch(e){}`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
