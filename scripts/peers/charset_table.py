#!/usr/bin/env python3
"""Prints, as a JSON list of 256 entries, the code point Python's codec gives each single byte (null where
the codec refuses the byte). Usage: charset_table.py CODEC"""
import json
import sys

codec = sys.argv[1]
table = []
for byte in range(256):
    try:
        table.append(ord(bytes([byte]).decode(codec)))
    except UnicodeDecodeError:
        table.append(None)
print(json.dumps(table))
