/** The exit codes of every command (cli.md, "Exit codes"): a contract for runbooks and CI. */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  incomplete: 3,
  notFound: 4,
  interrupted: 130,
  noCredentials: 253,
} as const;
