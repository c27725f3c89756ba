import type { EventName, LoupeEvents } from "../../src-preload/api";

export type EventListener = <E extends EventName>(name: E, payload: LoupeEvents[E]) => void;

/** Typed fan-out of main → renderer events. Every host (Electron, CLI, test bridge) subscribes one forwarder. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: LoupeEvents[E]): void {
    for (const l of [...this.listeners]) {
      try {
        l(name, payload);
      } catch {
        // a broken listener must not stop the others, nor the service that emitted
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
