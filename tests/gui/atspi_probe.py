"""What an accessibility client sees of Automation Admin, over AT-SPI (run by the system's
python3, which has pyatspi; the test starts it and reads its JSON report).

    atspi_probe.py PASSPHRASE

1. Waits for the window, then listens to every event on the accessibility bus while the
   passphrase is typed into the focused field and cleared; the same in the two fields of
   the Create profile dialog, which Escape closes; then unlocks.
2. On the unlocked window, for each tab (Ctrl+N): what took the focus, and every showing
   control with its role, name, description and states; table column headers by name.
3. F1 opens the shortcuts dialog; Escape must close it.

Keys are sent with xdotool to the X display in DISPLAY.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pyatspi  # type: ignore[import-not-found]

APP = "Automation Admin"
CONTROLS = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "password text",
    "spin button",
    "page tab",
    "table",
    "tree table",
    "tree",
    "list",
    "slider",
    "menu item",
    "scroll pane",
}
TABLES = {"table", "tree table", "tree"}
SKIP_CHILDREN = TABLES | {"list", "menu", "combo box", "document text", "document web"}


def keys(*names: str) -> None:
    subprocess.run(["xdotool", "key", "--delay", "60", *names], check=True)


def type_text(text: str) -> None:
    subprocess.run(["xdotool", "type", "--delay", "70", text], check=True)


def find_app(timeout: float = 60) -> object:
    deadline = time.time() + timeout
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name == APP:
                return app
        time.sleep(0.5)
    raise SystemExit("the application never appeared on the accessibility bus")


def named(root: object, name: str, role: str) -> object:
    found = pyatspi.findDescendant(
        root, lambda o: o is not None and o.name == name and o.getRoleName() == role
    )
    if found is None:
        raise SystemExit(f"no {role} named {name!r}")
    return found


def states(obj: object) -> list[str]:
    return sorted(pyatspi.stateToString(s) for s in obj.getState().getStates())


def describe(obj: object) -> dict[str, object]:
    return {
        "role": obj.getRoleName(),
        "name": obj.name or "",
        "description": obj.description or "",
        "states": states(obj),
    }


def showing(obj: object, out: list[dict[str, object]], depth: int = 0) -> None:
    """Every showing descendant worth naming; tables by their column headers."""
    if obj is None or depth > 40:
        return
    state = obj.getState()
    if not state.contains(pyatspi.STATE_SHOWING):
        return
    role = obj.getRoleName()
    if role in CONTROLS:
        info = describe(obj)
        if role == "combo box":
            info["relations"] = relations(obj)
        if role in TABLES:
            info["headers"] = headers(obj)
        if role == "page tab" and obj.parent is not None:
            info["selected"] = state.contains(pyatspi.STATE_SELECTED)
        out.append(info)
    if role in SKIP_CHILDREN:
        return
    for child in obj:
        showing(child, out, depth + 1)


def headers(table_obj: object) -> list[str] | None:
    try:
        table = table_obj.queryTable()
    except NotImplementedError:
        return None
    names = []
    for column in range(table.nColumns):
        header = table.getColumnHeader(column)
        names.append(header.name if header is not None else table.getColumnDescription(column))
    return names


def listen_while(
    action: object, seconds_after: float = 2.5
) -> tuple[list[dict[str, object]], object]:
    """Every event while `action` runs, and the last object that took the focus."""
    events: list[dict[str, object]] = []
    focus: list[object] = []

    def record(event: object) -> None:
        try:
            source = event.source
            name = source.name if source is not None else ""
            role = source.getRoleName() if source is not None else ""
        except Exception:
            source, name, role = None, "?", "?"
        data = event.any_data
        events.append(
            {
                "type": event.type,
                "source": name,
                "role": role,
                "data": data if isinstance(data, str) else None,  # text, when it is text
                "data_type": type(data).__name__,
                "detail": [event.detail1, event.detail2],
            }
        )
        if event.type == "object:state-changed:focused" and event.detail1 == 1:
            focus.append(source)

    def run() -> None:
        time.sleep(1.0)
        action()  # type: ignore[operator]
        time.sleep(seconds_after)
        pyatspi.Registry.stop()

    pyatspi.Registry.registerEventListener(record, "object", "window", "focus")
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    pyatspi.Registry.start()
    pyatspi.Registry.deregisterEventListener(record, "object", "window", "focus")
    worker.join()
    return events, (focus[-1] if focus else None)


def where(obj: object) -> dict[str, object] | None:
    """An object, its parents' roles and names, and its relations."""
    if obj is None:
        return None
    info = describe(obj)
    chain = []
    parent = obj.parent
    while parent is not None and len(chain) < 8:
        chain.append(f"{parent.getRoleName()}:{parent.name or ''}")
        parent = parent.parent
    info["parents"] = chain
    return info


def relations(obj: object) -> list[str]:
    found = []
    for relation in obj.getRelationSet():
        targets = [relation.getTarget(i) for i in range(relation.getNTargets())]
        names = ", ".join(t.name for t in targets if t is not None)
        found.append(f"{pyatspi.relationToString(relation.getRelationType())}:{names}")
    return found


def main() -> None:
    passphrase = sys.argv[1]
    report: dict[str, object] = {}
    app = find_app()
    time.sleep(2)

    def typing() -> None:
        type_text(passphrase)
        time.sleep(0.5)
        keys("ctrl+a", "BackSpace")

    events, _focus = listen_while(typing)
    report["typing_events"] = events
    field = named(app, "Passphrase", "password text")
    report["field"] = where(field)

    # The Create profile dialog: its two passphrase fields, then Escape.
    named(app, "Create profile…", "push button").queryAction().doAction(0)
    time.sleep(2)
    dialog = named(app, "Create profile", "dialog")
    report["create_dialog"] = where(dialog)

    def new_profile() -> None:
        keys("Tab")
        type_text(passphrase)
        keys("Tab")
        type_text(passphrase)
        keys("ctrl+a", "BackSpace")

    events, _focus = listen_while(new_profile)
    report["create_events"] = events
    report["create_fields"] = [
        where(o)
        for o in pyatspi.findAllDescendants(dialog, lambda o: o.getRoleName() == "password text")
    ]
    keys("Escape")
    time.sleep(1.5)
    report["create_after_escape"] = describe(dialog)

    field.queryComponent().grabFocus()
    time.sleep(0.5)
    type_text(passphrase)
    keys("Return")
    time.sleep(8)
    app = find_app()
    views = []
    for number in (2, 3, 4, 5, 6, 1):  # each key a different tab than the one shown
        _events, focus = listen_while(lambda n=number: keys(f"ctrl+{n}"), 2.0)
        controls: list[dict[str, object]] = []
        for window in app:
            showing(window, controls)
        views.append({"key": number, "focus": where(focus), "controls": controls})
    report["views"] = views
    keys("F1")
    time.sleep(1.5)
    report["dialog_open"] = [describe(w) for w in app]
    keys("Escape")
    time.sleep(1.5)
    report["dialog_after_escape"] = [describe(w) for w in app]
    print(json.dumps(report))


if __name__ == "__main__":
    main()
