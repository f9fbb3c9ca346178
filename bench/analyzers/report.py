#!/usr/bin/env python3
"""Reads a `dotnet build -p:ReportAnalyzer=true -v:detailed -clp:PerformanceSummary` log and prints CrossGuard's
analyzer time against CA1416 (PlatformCompatibilityAnalyzer), all analyzers and the Csc task, per-rule times, and the
number of distinct warnings per rule. Used by run.sh (generated corpus) and real.sh (a real code base)."""
import re
import sys

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()


def first(pattern):
    m = re.search(pattern, text, re.M)
    return float(m.group(1)) if m else None


total = first(r"Total analyzer execution time:\s*([\d.]+)\s*seconds")
crossguard = first(r"^\s*([\d.]+)\s+\S+\s+CrossGuard\.Analyzers, Version")
ca1416 = first(r"^\s*([\d.]+)\s+\S+\s+Microsoft\.NetCore\.Analyzers\.InteropServices\.PlatformCompatibilityAnalyzer")
csc_ms = first(r"^\s*([\d.]+) ms\s+Csc\s+\d+ calls")
rules = {m.group(2): float(m.group(1)) for m in re.finditer(r"^\s*([\d.]+)\s+\S+\s+CrossGuard\.Analyzers\.Rules\.\w+ \((XG\d{4})\)", text, re.M)}
warnings = {rule: len(set(re.findall(r"(?:\d+>)?(/\S+\.cs\(\d+,\d+\)): warning " + rule, text))) for rule in
            ["XG0001", "XG0002", "XG0003", "XG0004", "XG0005", "XG0006", "CA1416"]}
print(f"total analyzer time : {total} s")
print(f"CrossGuard.Analyzers: {crossguard} s")
print(f"CA1416 analyzer     : {ca1416} s")
print(f"Csc task            : {csc_ms} ms")
if crossguard is not None and ca1416:
    print(f"CrossGuard / CA1416 : {crossguard / ca1416:.2f}")
if crossguard is not None and csc_ms:
    print(f"CrossGuard / Csc    : {crossguard / (csc_ms / 1000):.3f}")
if crossguard is not None and total:
    print(f"CrossGuard / all analyzers: {crossguard / total:.3f}")
print("per rule            :", {k: rules[k] for k in sorted(rules)})
print("distinct warnings   :", warnings)
