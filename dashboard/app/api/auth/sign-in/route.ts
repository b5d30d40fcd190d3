import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { createRateLimiter } from '@/lib/auth/rate-limit';
import {
  createSessionValue,
  SESSION_COOKIE,
  sessionCookieAttributes,
} from '@/lib/auth/session-cookie';
import { tokensEqual } from '@/lib/auth/token';
import { dashboardConfig } from '@/lib/config';
import { safeNext } from '@/lib/auth/safe-next';

const limiter = createRateLimiter();
const form = z.object({ token: z.string().max(1000), next: z.string().max(2000).optional() });

function redirect(request: NextRequest, path: string) {
  return NextResponse.redirect(new URL(path, request.nextUrl.origin), 303);
}

export async function POST(request: NextRequest) {
  const key = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? 'local';
  if (!limiter.allowed(key)) return redirect(request, '/sign-in?error=limited');
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    return NextResponse.json({ error: 'expected a form', parameter: 'token' }, { status: 400 });
  }
  const parsed = form.safeParse({
    token: data.get('token') ?? undefined,
    next: data.get('next') ?? undefined,
  });
  if (!parsed.success)
    return NextResponse.json({ error: 'invalid token', parameter: 'token' }, { status: 400 });
  const config = dashboardConfig();
  if (!tokensEqual(parsed.data.token, config.token)) {
    limiter.fail(key);
    return redirect(request, '/sign-in?error=invalid');
  }
  const session = createSessionValue({ token: config.token, ttlSeconds: config.sessionTtlSeconds });
  const res = redirect(request, safeNext(parsed.data.next ?? null));
  const https =
    request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  res.cookies.set(SESSION_COOKIE, session.value, sessionCookieAttributes(session.maxAge, https));
  return res;
}
