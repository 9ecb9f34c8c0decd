process.stderr.write('mcp-tasks: the command-line interface is not available yet\n');
process.exit(2);
