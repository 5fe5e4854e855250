import type { Command } from 'commander';

/** `wasl audit checkpoint` and `wasl audit prove`: added below once the checkpoint is in place. */
export function registerCheckpointCommands(_audit: Command): void {}
