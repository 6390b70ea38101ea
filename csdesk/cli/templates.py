"""csdesk templates (the Word document templates and the slide template) and csdesk template
(critical-path templates)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from csdesk.cli.common import EXIT_ERROR, _with_services
from csdesk.errors import CsdeskError


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk templates ACTION and csdesk template ACTION`."""
    doc_templates = commands.add_parser("templates",
                                        help="Word document templates and the slide template")
    doc_template_commands = doc_templates.add_subparsers(title="what to do", metavar="ACTION",
                                                         required=True)
    doc_list = doc_template_commands.add_parser("list", parents=[common],
                                                help="the templates in use")
    doc_list.set_defaults(handler=_cmd_doc_templates_list)
    doc_fields = doc_template_commands.add_parser("fields", parents=[common],
                                                  help="the fields a template can use")
    doc_fields.add_argument("kind", choices=["plan", "qbr", "brief"])
    doc_fields.set_defaults(handler=_cmd_doc_templates_fields)
    doc_use = doc_template_commands.add_parser(
        "use", parents=[common], help="make a template the default of its kind (checked first)")
    doc_use.add_argument("kind", choices=["plan", "qbr", "brief", "deck"])
    doc_use.add_argument("file", type=Path, metavar="T.docx|T.pptx", nargs="?",
                         help="the template (none: the one shipped with csdesk)")
    doc_use.set_defaults(handler=_cmd_doc_templates_use)
    doc_check = doc_template_commands.add_parser(
        "check", parents=[common], help="list every problem of a Word or slide template, "
                                        "without exporting (exit 1 when there is one)")
    doc_check.add_argument("file", type=Path, metavar="T.docx|T.pptx")
    doc_check.add_argument("--kind", metavar="KIND",
                           help="check the fields against this document's (plan, qbr…; "
                                "default: the kind whose fields the template uses)")
    doc_check.set_defaults(handler=_cmd_doc_templates_check)

    template = commands.add_parser("template", help="critical-path templates")
    template_commands = template.add_subparsers(title="what to do", metavar="ACTION",
                                                required=True)
    template_list = template_commands.add_parser("list", parents=[common],
                                                 help="list the templates")
    template_list.set_defaults(handler=_cmd_template_list)
    template_export = template_commands.add_parser("export", parents=[common],
                                                   help="save a template as JSON")
    template_export.add_argument("name", metavar="NAME")
    template_export.add_argument("-o", "--output", type=Path, required=True,
                                 metavar="FILE.json")
    template_export.set_defaults(handler=_cmd_template_export)
    template_import = template_commands.add_parser("import", parents=[common],
                                                   help="add a template from a JSON file")
    template_import.add_argument("file", type=Path, metavar="FILE.json")
    template_import.set_defaults(handler=_cmd_template_import)


def _cmd_doc_templates_list(args: argparse.Namespace) -> int:
    def show(services) -> int:
        from csdesk.services.documents import KIND_TITLES

        for kind, label in KIND_TITLES.items():
            chosen = services.documents.settings().get(kind)
            path = services.documents.template_for(kind)
            origin = "your template" if chosen else "shipped with csdesk"
            print(f"{label}: {path} ({origin})")
        chosen_deck = services.decks.chosen_template()
        print(f"QBR deck (slides, for the customer): {services.decks.template_for()} "
              f"({'your template' if chosen_deck else 'shipped with csdesk'})")
        return 0

    return _with_services(args, show)


def _cmd_doc_templates_use(args: argparse.Namespace) -> int:
    def use(services) -> int:
        path = args.file.resolve() if args.file is not None else None
        if args.kind == "deck":
            services.decks.set_default_template(path)
        else:
            services.documents.set_default_template(args.kind, path)
        print(f"The {args.kind} template is now "
              f"{path if path is not None else 'the one shipped with csdesk'}")
        return 0

    return _with_services(args, use, writes=True)


def _cmd_doc_templates_fields(args: argparse.Namespace) -> int:
    from csdesk.documents.fields import describe_fields

    for name, description in describe_fields(args.kind):
        print(f"{name:<34} {description}")
    return 0


def _cmd_doc_templates_check(args: argparse.Namespace) -> int:
    from csdesk.documents.template_check import inspect_template

    if args.file.suffix.lower() in (".pptx", ".potx", ".ppt"):
        from csdesk.services.decks import check_template

        deck = check_template(args.file)
        print(deck.summary())
        for line in deck.found:
            print(f"  {line}")
        for problem in deck.problems:
            print(f"  problem: {problem}")
        return EXIT_ERROR if deck.problems else 0
    try:
        check = inspect_template(args.file, args.kind)
    except ValueError as error:
        raise CsdeskError(str(error)) from None
    print(check.summary())
    for problem in check.problems:
        print(f"  {problem}")
    return EXIT_ERROR if check.problems else 0


def _cmd_template_list(args: argparse.Namespace) -> int:
    def show(services) -> int:
        for template in services.templates.list():
            kind = "shipped" if template.builtin else "yours"
            print(f"{template.name}  ({len(template.stages)} stages, {kind})")
        return 0

    return _with_services(args, show)


def _cmd_template_export(args: argparse.Namespace) -> int:
    def export(services) -> int:
        template = services.templates.find(args.name)
        services.templates.export_json(template.id, args.output)
        print(f"Wrote {args.output}")
        return 0

    return _with_services(args, export)


def _cmd_template_import(args: argparse.Namespace) -> int:
    def add(services) -> int:
        template = services.templates.import_json(args.file)
        print(f"Added the template '{template.name}' ({len(template.stages)} stages)")
        return 0

    return _with_services(args, add, writes=True)
