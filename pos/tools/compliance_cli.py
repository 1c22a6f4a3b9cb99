"""`pos journal export-saft | demo-day | x-report | z-report`: compliance work on a journal file.

Registered by `pos.tools.journal_cli` (imported lazily there, so `pos journal verify`
stays light). Exit codes as in `pos journal`: 0 done, 1 the journal does not verify
(export refused), 2 could not run.

Why `export-saft` verifies first: a file in which every signature verifies says
nothing if entries were deleted, swapped or cut off before the export; the tax
inspector must get either an intact journal or a file marked as unverified.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from pos.domain.money import format_money
from pos.tools.texts import T

EXIT_OK, EXIT_BROKEN, EXIT_ERROR = 0, 1, 2


def add_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    saft = commands.add_parser("export-saft", parents=[common],
                               help="write the SAF-T Cash Register XML (+ PEM) for a date range")
    saft.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
    saft.add_argument("--to", dest="end", required=True, type=date.fromisoformat)
    saft.add_argument("--out", required=True, type=Path, help="the directory to write into")
    saft.add_argument("--force", action="store_true",
                      help="export a journal that does not verify, marked as unverified")
    saft.add_argument("--no-validate", dest="validate", action="store_false",
                      help="skip the check of the file against the SAF-T XSD")
    saft.set_defaults(handler=_export_saft)
    demo = commands.add_parser("demo-day", parents=[common],
                               help="fill the journal with a day at the register (via the till)")
    demo.add_argument("--sales", type=int, default=200)
    demo.add_argument("--date", type=date.fromisoformat, default=None)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--devices", choices=("rig", "stand-in"), default="rig",
                      help="the rig's terminal and printer emulators on ptys (default), or "
                           "an in-process stand-in")
    demo.set_defaults(handler=_demo_day)
    for name, handler in (("x-report", _x_report), ("z-report", _z_report)):
        report = commands.add_parser(name, parents=[common], help=f"print (and journal) the {name}")
        report.add_argument("--register", default="3")
        report.add_argument("--store", default="1001")
        report.set_defaults(handler=handler)


def _export_saft(args: argparse.Namespace) -> int:
    from pos.compliance.saft import export_saft
    from pos.journal.verify import verify_journal

    report = verify_journal(args.journal)
    unverified = None
    if not report.ok:
        summary = report.summary(args.lang)
        if not args.force:
            print(_say("saft_refused", args.lang, summary=summary), file=sys.stderr)
            return EXIT_BROKEN
        print(_say("saft_forced", args.lang, summary=summary), file=sys.stderr)
        unverified = report.summary("en")
    xml_path, pem_path = export_saft(args.journal, start=args.start, end=args.end,
                                     out_dir=args.out, unverified=unverified,
                                     validate=args.validate)
    print(_say("saft_written", args.lang, xml=xml_path, pem=pem_path))
    return EXIT_OK


def _say(key: str, lang: str, **params: object) -> str:
    return T(key, **params).get(lang)


def _demo_day(args: argparse.Namespace) -> int:
    from pos.tools.demo_day import run_demo_day

    summary = run_demo_day(args.journal, sales=args.sales, day=args.date, seed=args.seed,
                           devices=args.devices)
    z = summary.z_report
    print(_say("demo_day_summary", args.lang, sales=summary.sales, voided=summary.voided_sales,
               returns=summary.returns, training=summary.training_sales, copies=summary.copies,
               refused=summary.copies_refused, no_sale=summary.no_sale_openings,
               x_reports=summary.x_reports, z_number=z.number if z else "-",
               net=format_money(z.net_sales_ore if z else 0, args.lang)))
    return EXIT_OK


def _report(args: argparse.Namespace, kind: str) -> int:
    from pos.compliance.ledger import register_of
    from pos.compliance.report_text import render_report
    from pos.compliance.reports import x_report, z_report
    from pos.domain.receipt_text import screen_text
    from pos.journal import Journal

    register, store = register_of(args.journal) or (args.register, args.store)
    with Journal.open(args.journal, register_id=register, store_id=store) as journal:
        report = z_report(journal) if kind == "Z" else x_report(journal)
    print(screen_text(render_report(report, args.lang)), end="")
    return EXIT_OK


def _x_report(args: argparse.Namespace) -> int:
    return _report(args, "X")


def _z_report(args: argparse.Namespace) -> int:
    return _report(args, "Z")

