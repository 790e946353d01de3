/** A command that could not do its work, for a reason the message gives; the CLI prints it and exits 1. */
export class CommandFailed extends Error {}
