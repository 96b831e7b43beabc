/**
 * Starts the live terminal UI and drives it to the end. `lattice doctor` imports this module only
 * when the UI is used (stdout a TTY, not CI, TERM not dumb, no --output), so ink and React are never
 * loaded for piped runs, `--output json`, `lattice --version`, or anything on the check path.
 */
import React from "react";
import { render } from "ink";
import type { Report } from "../../report/types.js";
import { App } from "./app.js";
import { createUiStore, type UiHeader, type UiStore } from "./store.js";

export interface LiveUiOptions {
  /** A terminal: the UI is the result, so it is drawn on stdout. */
  stdout: NodeJS.WriteStream;
  header: UiHeader;
  color: boolean;
  verbose: boolean;
  trace: boolean;
}

export interface LiveUi {
  /** Feed it the resolved service and gather's progress events. */
  store: UiStore;
  /** Shows the result and ends the UI; false when the UI failed (the caller then prints text). */
  finish(report: Report): Promise<boolean>;
  /** Ends the UI without a result (an error follows on stderr): the live lines are taken away. */
  close(): Promise<void>;
}

export function startLiveUi(options: LiveUiOptions): LiveUi {
  const store = createUiStore(options.header);
  const instance = render(
    React.createElement(App, {
      store,
      color: options.color,
      verbose: options.verbose,
      trace: options.trace,
    }),
    {
      stdout: options.stdout,
      // The UI reads no keys, so stdin never goes raw and Ctrl-C stays a SIGINT (exit 130,
      // bin/lattice.js). Should raw mode ever be used, ink still turns Ctrl-C into an exit.
      exitOnCtrlC: true,
      // Nothing of ours uses the console while the UI is up (the SDK's logger is silent), and a
      // patched console would send a dependency's console.log to stdout, which carries the result.
      patchConsole: false,
    },
  );
  const exited = instance.waitUntilExit().then(
    () => true,
    () => false,
  );
  return {
    store,
    async finish(report) {
      store.finish(report);
      return exited;
    },
    async close() {
      store.abort();
      await exited;
    },
  };
}
