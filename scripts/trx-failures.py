#!/usr/bin/env python3
"""Prints each failed test in the given .trx files: its name, its message and the top of its stack."""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
STACK_LINES = 8


def failures(path):
    root = ET.parse(path).getroot()
    for result in root.iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") != "Failed":
            continue
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS)
        stack = result.findtext("t:Output/t:ErrorInfo/t:StackTrace", default="", namespaces=NS)
        yield result.get("testName"), message.strip(), stack.strip()


def main(paths):
    for path in paths:
        for name, message, stack in failures(path):
            print(f"FAILED {name}")
            for line in message.splitlines():
                print(f"  {line}")
            for line in stack.splitlines()[:STACK_LINES]:
                print(f"    {line.strip()}")


if __name__ == "__main__":
    main(sys.argv[1:])
