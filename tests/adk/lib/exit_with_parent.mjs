// Loaded into the ADK server process by start.mjs (node --import): the server ends when the
// starter's end of its stdin pipe closes, so a starter killed with SIGKILL leaves nothing behind.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
