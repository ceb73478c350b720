"""Writes a synthetic IATI 2.03 activity file of about SIZE megabytes to standard output,
for timing `goldthread import --iati` (BENCHMARKS.md): activities with two sectors, four
quarterly budgets and six transactions each, in EUR.

    python3 benches/iati-synth.py 100 > /tmp/iati-100mb.xml
"""
import random
import sys

size = int(sys.argv[1]) if len(sys.argv) > 1 else 100
rng = random.Random(1)
sectors = ["11110", "12220", "14030", "15110", "15150", "16010", "31120", "41010"]
out = sys.stdout
out.write('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="2026-12-02T00:00:00">\n')
written, n = 0, 0
while written < size * 1_000_000:
    n += 1
    a, b = rng.sample(sectors, 2)
    pa = rng.randint(1, 99)
    year = rng.randint(2015, 2024)
    parts = [f'<iati-activity default-currency="EUR" hierarchy="1"><iati-identifier>XM-SYNTH-{n:08d}</iati-identifier>',
             '<reporting-org ref="XM-SYNTH" type="10"><narrative>Synthetic donor</narrative></reporting-org>',
             f'<title><narrative>Activity {n}</narrative></title>',
             f'<sector vocabulary="1" code="{a}" percentage="{pa}"/><sector vocabulary="1" code="{b}" percentage="{100 - pa}"/>']
    for q in range(4):
        m = 1 + 3 * q
        parts.append(f'<budget type="1"><period-start iso-date="{year}-{m:02d}-01"/><period-end iso-date="{year}-{m + 2:02d}-28"/>'
                     f'<value currency="EUR" value-date="{year}-01-01">{rng.randint(1000, 999999)}.{rng.randint(0, 99):02d}</value></budget>')
    for t in range(6):
        code = "2" if t == 0 else rng.choice("34")
        parts.append(f'<transaction><transaction-type code="{code}"/><transaction-date iso-date="{year}-{1 + 2 * t:02d}-15"/>'
                     f'<value currency="EUR" value-date="{year}-01-01">{rng.randint(100, 99999)}.{rng.randint(0, 99):02d}</value></transaction>')
    parts.append("</iati-activity>\n")
    text = "".join(parts)
    out.write(text)
    written += len(text)
out.write("</iati-activities>\n")
