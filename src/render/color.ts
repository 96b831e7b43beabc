/**
 * Colour, by hand: SGR codes only (colours and bold/dim), never cursor movement or erase sequences.
 *
 * Precedence, first match wins:
 *   1. `--no-color` (flag === false)            → off
 *   2. FORCE_COLOR = "0" or "false"             → off
 *   3. NO_COLOR non-empty (any value)           → off   (https://no-color.org)
 *   4. FORCE_COLOR non-empty                    → on, even when piped or TERM=dumb
 *   5. TERM=dumb                                → off
 *   6. otherwise: on when the stream is a TTY
 * Anything that asks for no colour beats anything that asks for colour: an explicit "off" is
 * usually a person's or a log collector's need, an explicit "on" a convenience.
 * `flag === true` (the default of a `--color` boolean) forces nothing: it only means "not --no-color".
 */

export interface ColorEnvironment {
  stream: { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** The `--color` option: false for `--no-color`. */
  flag?: boolean;
}

export function colorEnabled({ stream, env, flag }: ColorEnvironment): boolean {
  if (flag === false) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && (force === "0" || force.toLowerCase() === "false")) return false;
  if (env.NO_COLOR) return false;
  if (force) return true;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

export type Style = (text: string) => string;

export interface Painter {
  enabled: boolean;
  red: Style;
  yellow: Style;
  green: Style;
  cyan: Style;
  gray: Style;
  bold: Style;
  dim: Style;
}

const ESC = "\x1b[";

function sgr(open: number, close: number): Style {
  const openSeq = `${ESC}${open}m`;
  const closeSeq = `${ESC}${close}m`;
  // Re-open after a nested style's close so `red("a" + bold("b") + "c")` stays red on "c".
  return (text) => openSeq + text.split(closeSeq).join(closeSeq + openSeq) + closeSeq;
}

const identity: Style = (text) => text;

/** Style functions; each is the identity when colour is off. */
export function paint(enabled: boolean): Painter {
  if (!enabled) {
    return {
      enabled,
      red: identity,
      yellow: identity,
      green: identity,
      cyan: identity,
      gray: identity,
      bold: identity,
      dim: identity,
    };
  }
  return {
    enabled,
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    green: sgr(32, 39),
    cyan: sgr(36, 39),
    gray: sgr(90, 39),
    bold: sgr(1, 22),
    dim: sgr(2, 22),
  };
}
