/// <reference types="vite/client" />
import type { LoupeBridge } from "../src-preload/api";

declare global {
  interface Window {
    readonly loupe: LoupeBridge;
  }
}
export {};
