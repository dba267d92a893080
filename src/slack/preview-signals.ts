import { EventEmitter } from 'node:events';

/** How one `link_shared` event ended: the URLs previewed (possibly none) and, when none, why. */
export interface PreviewOutcome {
  teamId: string;
  /** Slack's `unfurl_id` for the event (tests choose it). */
  unfurlId: string;
  unfurled: string[];
  reason?: string;
}

/**
 * Announces each finished `link_shared` event. "No preview" leaves nothing in Slack to wait for, so
 * tests (and anyone curious) listen here instead of sleeping. Costs nothing when nobody listens.
 */
export class PreviewSignals {
  private readonly emitter = new EventEmitter();
  private inFlight = 0;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Called first thing by the handler, before it awaits anything. */
  started(): void {
    this.inFlight++;
  }

  /** Called last by the handler, however the event ended. */
  handled(outcome: PreviewOutcome): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.emitter.emit('handled', outcome);
    if (this.inFlight === 0) this.emitter.emit('idle');
  }

  /** Calls `fn` for every finished event; returns the unsubscribe. */
  onHandled(fn: (o: PreviewOutcome) => void): () => void {
    this.emitter.on('handled', fn);
    return () => this.emitter.off('handled', fn);
  }

  /**
   * Resolves once no link_shared event is being handled. Bolt acknowledges an event before calling the
   * listener, but it starts the listener within the same turn of the event loop, before the HTTP answer
   * can reach a client in this process; so after `await shareLinks(…)` this covers that event. Prefer
   * {@link next} when the test chooses the unfurl_id.
   */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.emitter.once('idle', () => resolve()));
  }

  /** Resolves when the event with `unfurlId` has been handled. Subscribe before the event is sent. */
  next(unfurlId: string): Promise<PreviewOutcome> {
    return new Promise((resolve) => {
      const off = this.onHandled((o) => {
        if (o.unfurlId !== unfurlId) return;
        off();
        resolve(o);
      });
    });
  }
}
