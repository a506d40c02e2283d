"""Command-line shell: parse arguments, call one library function, format the result."""
