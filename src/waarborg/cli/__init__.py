"""The command line: a thin shell that parses, calls one library function and prints."""
