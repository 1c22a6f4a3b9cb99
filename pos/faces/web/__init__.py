"""The faces in the browser: textual-serve runs one app process per tab (`make demo`)."""
