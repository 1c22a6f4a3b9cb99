"""`pos journal …`: verify a journal file, export the key; SAF-T, demo day, X/Z (compliance).

Exit codes: 0 intact / done, 1 the journal is broken (the first broken link is
named), 2 the command could not run (no such file, not a journal, bad key).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pos.domain.texts import DomainError
from pos.journal import signing
from pos.journal.db import Database
from pos.journal.errors import JournalError, JournalNotFound, MalformedEntry
from pos.journal.keys import recorded_public_keys
from pos.journal.messages import LANGUAGES
from pos.journal.verify import verify_journal
from pos.tools.texts import T

EXIT_OK, EXIT_BROKEN, EXIT_ERROR = 0, 1, 2


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    journal = subparsers.add_parser("journal", help="the till's journal: verify, export the key")
    commands = journal.add_subparsers(dest="journal_command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--journal", required=True, type=Path, help="the journal file")
    common.add_argument("--lang", choices=LANGUAGES, default="nb", help="language of the output")

    verify = commands.add_parser(
        "verify", parents=[common], help="check the hash chain and the signature chain"
    )
    verify.add_argument(
        "--public-key", action="append", type=Path, default=[], metavar="PEM",
        help="check against this exported public key instead of trusting the file (repeatable)",
    )
    verify.set_defaults(handler=_verify)

    export = commands.add_parser(
        "export-key", parents=[common], help="write the register's public signing key (PEM)"
    )
    export.add_argument("--out", required=True, type=Path, help="where to write the PEM file")
    export.add_argument("--key-version", help="which key version (default: the newest)")
    export.set_defaults(handler=_export_key)

    from pos.tools import compliance_cli  # SAF-T, demo day, X/Z reports

    compliance_cli.add_commands(commands, common)


def run(args: argparse.Namespace) -> int:
    try:
        return args.handler(args)
    except JournalNotFound:
        print(_say("not_found", args.lang, path=args.journal), file=sys.stderr)
    except MalformedEntry as exc:
        print(_say("failed", args.lang, error=exc.message(args.lang)), file=sys.stderr)
    except DomainError as exc:
        print(_say("failed", args.lang, error=exc.message(args.lang)), file=sys.stderr)
    except (JournalError, OSError) as exc:
        print(_say("failed", args.lang, error=exc), file=sys.stderr)
    return EXIT_ERROR


def _verify(args: argparse.Namespace) -> int:
    keys = [signing.load_public_pem(path.read_bytes()) for path in args.public_key]
    report = verify_journal(args.journal, public_keys=keys)
    print(report.summary(args.lang), file=sys.stdout if report.ok else sys.stderr)
    return EXIT_OK if report.ok else EXIT_BROKEN


def _export_key(args: argparse.Namespace) -> int:
    with Database.open(args.journal, readonly=True) as db:
        keys = recorded_public_keys(db)
        register = dict(db.execute("SELECT key, value FROM meta").fetchall()).get("register_id")
    version = args.key_version or (list(keys)[-1] if keys else "1")
    if version not in keys:
        versions = ", ".join(keys) or T("none").get(args.lang)
        print(_say("no_such_key", args.lang, version=version, versions=versions), file=sys.stderr)
        return EXIT_ERROR
    pem = keys[version]
    args.out.write_text(pem, encoding="ascii")
    fingerprint = signing.fingerprint(signing.load_public_pem(pem))
    print(_say("exported", args.lang, version=version, register=register,
               fingerprint=fingerprint, out=args.out))
    return EXIT_OK


def _say(key: str, lang: str, **params: object) -> str:
    return T(key, **params).get(lang)
