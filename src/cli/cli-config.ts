/**
 * The configuration every command reads: loaded from the environment when a command needs it, and
 * a bad value ends the command with the variable named and exit code 2 (a usage error), not a stack.
 */
import { ConfigError, loadConfig, type GatewayConfig } from '../config.js';

export function cliConfig(): GatewayConfig {
  try {
    return loadConfig();
  } catch (problem) {
    if (problem instanceof ConfigError) {
      process.stderr.write(`wasl: configuration error: ${problem.message}\n`);
      process.exit(2);
    }
    throw problem;
  }
}
