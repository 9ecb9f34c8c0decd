process.stderr.write('demo server placeholder\n');
