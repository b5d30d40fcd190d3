import type { ApiError } from '@sockscope/contracts';

/** An error answered as JSON with its status; `parameter` names the bad input. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
  }

  body(): ApiError {
    return this.parameter === undefined
      ? { error: this.message }
      : { error: this.message, parameter: this.parameter };
  }
}
