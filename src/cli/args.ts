import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
const HELP = { help: { type: "boolean", short: "h" } } as const;

/**
 * A command's options, with -h/--help added: --help prints the usage and ends the command (exit
 * code 0); an unknown or malformed option prints what is wrong and the usage (exit code 1).
 */
export function commandArgs<const O extends Options>(options: O, usage: string) {
  let parsed;
  try {
    parsed = parseArgs({ options: { ...options, ...HELP } });
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    process.exit(1);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed.values;
}
