/**
 * The live terminal view (ink): what `lattice doctor` shows on a terminal while it reads.
 *
 *   reading svc-… in us-east-1 (from AWS_REGION) · profile prod
 *
 *   ✔ service                    1 read
 *   ⠙ listeners                  reading…
 *   · rules
 *   …                                        one line per hop, in request-path order, from the first frame
 *
 * The lines come from frame.ts. The view is only the progress: once the result is in, the last frame
 * (every hop read) is left as it is, ink is unmounted, and run.ts prints the text report below it
 * as plain output. So the result is ordinary scrollback, never redrawn, and the last screen is the
 * text report's end: the root causes and the verdict. The frame stays shorter than the terminal,
 * so ink never clears the screen (its clear takes the scrollback with it).
 *
 * Colour comes from our own painter (color.ts), so NO_COLOR, FORCE_COLOR and --no-color mean exactly
 * what they mean for the text renderer. Strings from AWS or the command line are escaped first.
 *
 * No JSX: the project has no JSX build step, so elements are made with React.createElement (`h`).
 */
import React, { useEffect, useState, useSyncExternalStore } from "react";
import { Box, Text, useApp, useStdout } from "ink";
import { frameLines, SPINNER } from "./frame.js";
import type { UiStore } from "./store.js";

export { SPINNER };

const h = React.createElement;
const SPINNER_MS = 80;

export interface AppProps {
  store: UiStore;
  color: boolean;
  verbose: boolean;
  /** Unused by the view (the report is printed after it); kept so callers pass the same options. */
  trace?: boolean;
}

export function App({ store, color, verbose }: AppProps): React.ReactElement {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [spin, setSpin] = useState(0);
  const done = state.report !== undefined || state.aborted;
  useEffect(() => {
    if (done) return;
    const timer = setInterval(() => setSpin((n) => (n + 1) % SPINNER.length), SPINNER_MS);
    return () => clearInterval(timer);
  }, [done]);
  // The last frame is committed before effects run: end on the next turn, once it is drawn.
  useEffect(() => {
    if (!done) return;
    const timer = setTimeout(() => exit(), 0);
    return () => clearTimeout(timer);
  }, [done, exit]);
  // An aborted run leaves no frame: the error message follows on stderr.
  if (state.aborted) return h(Box, null);
  const lines = frameLines(state, {
    color,
    verbose,
    columns: stdout.columns || 80,
    rows: stdout.rows || 24,
    spin,
  });
  return h(
    Box,
    { flexDirection: "column" },
    ...lines.map((line, i) => h(Text, { key: i, wrap: "truncate-end" }, line)),
  );
}
