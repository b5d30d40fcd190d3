import type { ReactNode } from 'react';
import { LiveProvider } from '@/components/live-provider';
import { NavLinks } from '@/components/nav-links';
import { NodeBanner } from '@/components/node-banner';
import { ThemeToggle } from '@/components/theme-toggle';

export default function DashLayout({ children }: { children: ReactNode }) {
  return (
    <LiveProvider>
      <header className="top">
        <span className="brand">sockscope</span>
        <NavLinks />
        <span className="spacer" />
        <ThemeToggle />
        <form method="post" action="/api/auth/sign-out">
          <button type="submit">Sign out</button>
        </form>
      </header>
      <main>
        <NodeBanner />
        {children}
      </main>
    </LiveProvider>
  );
}
