/**
 * Starts the live terminal view and drives it to the end. `lattice doctor` imports this module only
 * when the view is used (stdout a TTY, not CI, TERM not dumb, no --output).
 *
 * The first frame is written at once, as plain text (frame.ts), before ink and React are loaded:
 * loading them takes most of a second. Once they are, that frame is erased line by line (cursor up,
 * erase line: never a screen clear) and ink draws the same lines in its place.
 *
 * At the end ink is unmounted, leaving its last frame, and the text report is printed below it
 * (renderText at the terminal's width): static output the terminal keeps in its scrollback, ending
 * with the root causes and the verdict.
 */
import type { Report } from "../../report/types.js";
import { renderText } from "../text.js";
import { frameLines } from "./frame.js";
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
  /** Ends the live view and prints the result; false when the view failed (the caller then prints text). */
  finish(report: Report): Promise<boolean>;
  /** Ends the view without a result (an error follows on stderr): the live lines are taken away. */
  close(): Promise<void>;
}

const ERASE_LINE_UP = "\x1b[1A\x1b[2K";

export function startLiveUi(options: LiveUiOptions): LiveUi {
  const { stdout } = options;
  const store = createUiStore(options.header);
  const size = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const first = frameLines(store.getSnapshot(), { ...options, ...size(), spin: 0 });
  stdout.write(first.join("\n") + "\n");
  const exited = mount(options, store, first.length).then(
    () => true,
    () => false,
  );
  return {
    store,
    async finish(report) {
      store.finish(report);
      const ok = await exited;
      if (ok) {
        const { columns } = size();
        stdout.write(
          "\n" +
            renderText(report, {
              color: options.color,
              verbose: options.verbose,
              trace: options.trace,
              width: columns - 1,
            }),
        );
      }
      return ok;
    },
    async close() {
      store.abort();
      await exited;
    },
  };
}

/** Loads ink, takes the plain first frame away and draws the view; resolves when the view has ended. */
async function mount(options: LiveUiOptions, store: UiStore, firstLines: number): Promise<void> {
  const [{ default: React }, { render }, { App }] = await Promise.all([
    import("react"),
    import("ink"),
    import("./app.js"),
  ]);
  options.stdout.write(ERASE_LINE_UP.repeat(firstLines) + "\r");
  const instance = render(
    React.createElement(App, { store, color: options.color, verbose: options.verbose }),
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
  await instance.waitUntilExit();
}
