"""What the review knows about the names a script may use: the import allow-list, the
Playwright API (what each member does), Python's builtins and the runner's functions.

Anything not listed here is something the review cannot verify.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Modules a script may import. Everything else is a warning ("cannot be verified").
ALLOWED_MODULES = _words(
    """
    __future__ automation_runtime dataclasses datetime decimal enum json math pathlib
    playwright playwright.async_api playwright.sync_api re string tempfile time typing
    """
)
RUNNER_MODULE = "automation_runtime"
RUNNER_CHECKPOINT = "automation_runtime.checkpoint"
RUNNER_RESULT = "automation_runtime.record_result"
RUNNER_NAMES = frozenset({"checkpoint", "record_result"})

# Functions of allowed modules that compute a value and touch nothing outside the script.
PURE_MODULES = frozenset(
    {"re", "json", "datetime", "time", "math", "decimal", "string", "typing", "enum", "dataclasses"}
)
TEMP_FUNCTIONS = frozenset(
    {
        "tempfile.gettempdir",
        "tempfile.mkdtemp",
        "tempfile.mkstemp",
        "tempfile.NamedTemporaryFile",
        "tempfile.TemporaryDirectory",
        "tempfile.TemporaryFile",
        "tempfile.SpooledTemporaryFile",
        "tempfile.gettempdirb",
    }
)
PATH_CLASSES = frozenset(
    {
        "pathlib.Path",
        "pathlib.PurePath",
        "pathlib.PosixPath",
        "pathlib.PurePosixPath",
        "pathlib.WindowsPath",
        "pathlib.PureWindowsPath",
    }
)
PATH_WRITES = _words(
    """
    write_text write_bytes touch mkdir unlink rmdir rename replace chmod lchmod symlink_to
    hardlink_to link_to
    """
)
PATH_READS = frozenset({"read_text", "read_bytes", "iterdir", "glob", "rglob", "walk"})
PATH_PURE = _words(
    """
    joinpath with_name with_suffix with_stem as_posix exists is_file is_dir stat resolve
    absolute expanduser relative_to is_relative_to match samefile is_absolute as_uri
    """
)

# Builtins that compute a value from their arguments and nothing else.
PURE_BUILTINS = _words(
    """
    abs all any ascii bin bool callable dict divmod enumerate float format frozenset hasattr
    hash hex int isinstance issubclass iter len list max min next oct ord pow range repr
    reversed round set slice sorted str sum tuple zip classmethod staticmethod property
    super id object Exception ValueError TypeError RuntimeError KeyError IndexError
    TimeoutError AssertionError NotImplementedError StopIteration LookupError OSError
    ArithmeticError ZeroDivisionError AttributeError
    """
)
CALLBACK_BUILTINS = frozenset({"map", "filter", "sorted", "max", "min"})
# Builtins that run code, reach names or Python internals at run time: cannot be verified.
DYNAMIC_BUILTINS = {
    "eval": "runs Python code held in a string (eval)",
    "exec": "runs Python code held in a string (exec)",
    "compile": "compiles Python code held in a string (compile)",
    "__import__": "loads a module by name at run time (__import__)",
    "getattr": "looks up an attribute by a name given at run time (getattr)",
    "setattr": "changes an attribute by a name given at run time (setattr)",
    "delattr": "removes an attribute by a name given at run time (delattr)",
    "globals": "reaches the script's global names as a dictionary (globals)",
    "locals": "reaches local names as a dictionary (locals)",
    "vars": "reaches an object's attributes as a dictionary (vars)",
    "breakpoint": "starts a debugger (breakpoint)",
    "input": "waits for typed input (input)",
    "type": "reaches or creates a class at run time (type)",
    "memoryview": "reads raw memory (memoryview)",
    "help": "opens the interactive help (help)",
    "exit": "stops the interpreter (exit)",
    "quit": "stops the interpreter (quit)",
}
DECODERS = {
    "chr": "builds text from character codes (chr)",
    "bytes": "builds bytes from numbers (bytes)",
    "bytearray": "builds bytes from numbers (bytearray)",
    "fromhex": "decodes hexadecimal text (fromhex)",
    "translate": "rewrites text character by character (translate)",
    "maketrans": "rewrites text character by character (maketrans)",
}

# ---- Playwright ---------------------------------------------------------------------------

NAVIGATE = frozenset({"goto"})
REQUEST_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "fetch"})
# The typed value is the last positional argument or one of these keywords.
FILL = frozenset(
    {
        "fill",
        "type",
        "press_sequentially",
        "insert_text",
        "press",
        "select_option",
        "set_checked",
        "accept",
    }
)
FILL_KEYWORDS = ("value", "text", "key", "label", "prompt_text", "values")
CLICKS = frozenset({"click", "dblclick", "tap", "check", "dispatch_event", "set_checked"})
JAVASCRIPT = {
    "evaluate": "runs JavaScript in the page",
    "evaluate_handle": "runs JavaScript in the page",
    "evaluate_all": "runs JavaScript in the page",
    "eval_on_selector": "runs JavaScript in the page",
    "eval_on_selector_all": "runs JavaScript in the page",
    "wait_for_function": "runs JavaScript in the page until it returns true",
    "add_init_script": "injects JavaScript into every page before the site's own",
    "add_script_tag": "adds a script to the page",
    "add_style_tag": "adds a style sheet to the page",
    "set_content": "replaces the page with HTML of its own",
    "register": "registers a selector engine written in JavaScript",
}
INTERCEPT = {
    "route": "intercepts the browser's network traffic (route)",
    "route_from_har": "answers network requests from a recorded file (route_from_har)",
    "route_web_socket": "intercepts web socket traffic (route_web_socket)",
    "expose_function": "lets the page's JavaScript call Python (expose_function)",
    "expose_binding": "lets the page's JavaScript call Python (expose_binding)",
    "new_cdp_session": "talks to the browser's debugging protocol (new_cdp_session)",
    "new_browser_cdp_session": "talks to the browser's debugging protocol",
    "send": "sends a raw debugging-protocol command (send)",
    "connect": "connects to another browser (connect)",
    "connect_over_cdp": "connects to another browser (connect_over_cdp)",
    "launch": "starts a browser of its own instead of the runner's (launch)",
    "launch_persistent_context": "starts a browser with a profile folder of its own",
    "bind": "opens the browser to remote connections (bind)",
    "call_tool": "calls a tool exposed by the page (call_tool)",
    "connect_to_server": "connects a web socket to a server (connect_to_server)",
    "create": "creates browser credentials (create)",
    "install": "installs something into the browser (install)",
    "set_test_id_attribute": "changes how test ids are found (set_test_id_attribute)",
    "continue_": "rewrites an intercepted request (continue_)",
    "fallback": "rewrites an intercepted request (fallback)",
    "fulfill": "answers an intercepted request itself (fulfill)",
}
# Scripts that run in every page from then on, and code that watches every page.
GLOBAL_SCRIPTS = frozenset({"add_init_script", "register"})
WATCHERS = frozenset(
    {
        "route",
        "route_from_har",
        "route_web_socket",
        "new_cdp_session",
        "new_browser_cdp_session",
        "connect",
        "connect_over_cdp",
        "launch",
        "launch_persistent_context",
        "bind",
        "install",
    }
)
# Members that read a field's value back (what was typed into it).
READ_BACK = frozenset({"input_value", "get_attribute", "aria_snapshot", "json_value"})
# Members that write a file when given a path: where the path is.
WRITES_FILE = {
    "screenshot": "path",
    "pdf": "path",
    "save_as": 0,
    "storage_state": "path",
    "stop": "path",
    "stop_chunk": "path",
    "start_har": 0,
    "start": "path",
}
UPLOADS = frozenset({"set_input_files", "set_files"})
CONFIGURES = {
    "set_extra_http_headers": "sends extra headers with every request",
    "add_cookies": "sets cookies in the browser",
    "set_storage_state": "loads cookies and storage into the browser",
}
# new_context(...) options that are harmless; any other one is reviewed.
CONTEXT_OPTIONS = _words(
    """
    viewport screen no_viewport locale timezone_id color_scheme reduced_motion forced_colors
    device_scale_factor is_mobile has_touch java_script_enabled accept_downloads geolocation
    permissions offline user_agent strict_selectors service_workers contrast timeout
    """
)
# A new page the script did not navigate: its site is unknown until it calls goto().
NEW_PAGES = frozenset({"new_page"})
POPUPS = frozenset({"expect_popup", "expect_page"})
FRAMES = _words(
    """
    frame frame_locator content_frame frames child_frames parent_frame owner_frame
    frame_element pages opener background_pages service_workers workers page
    """
)
HARMLESS = _words(
    """
    all all_inner_texts all_text_contents and_ aria_snapshot blur bounding_box
    bring_to_front cancel check clear clear_console_messages clear_cookies clear_page_errors
    clear_permissions click close console_messages content cookies count dblclick delete
    describe description dismiss dispatch_event dispose drag_and_drop drag_to drop
    element_handle element_handles emulate_media expect_console_message expect_download
    expect_event expect_file_chooser expect_navigation expect_page expect_popup
    expect_request expect_request_finished expect_response expect_websocket expect_worker
    failure fast_forward filter first focus get_attribute get_by_alt_text get_by_label
    get_by_placeholder get_by_ref get_by_role get_by_test_id get_by_text get_by_title
    go_back go_forward grant_permissions hide_highlight highlight hover inner_html
    inner_text input_value is_checked is_closed is_connected is_detached is_disabled
    is_editable is_enabled is_hidden is_multiple is_visible is_navigation_request json
    json_value last locator move name normalize nth on once or_ page_errors pause pause_at
    path query_selector query_selector_all reload remove_locator_handler request_gc requests
    resume run_for scroll_into_view_if_needed select_text set_default_navigation_timeout
    set_default_timeout set_fixed_time set_geolocation set_offline set_system_time
    set_viewport_size suggested_filename tap text_content title uncheck unroute unroute_all
    up down url version viewport_size visible wait_for wait_for_element_state wait_for_event
    wait_for_load_state wait_for_selector wait_for_timeout wait_for_url wheel within body
    text headers headers_array all_headers header_value header_values status status_text ok
    finished response frame_name post_data post_data_json post_data_buffer redirected_from
    redirected_to resource_type method timing sizes server_addr security_details
    http_version from_service_worker existing_response message default_value args location
    timestamp as_element get_properties get_property element is_closed protocols get_item
    items console_message error new_context new_page contexts executable_path tools next
    request_pause run_to paused_details group group_end hide_actions hide_overlays
    show_actions show_chapter show_overlay show_overlays
    """
)
# Assertion objects from expect(...): every to_* / not_to_* only compares.
ASSERTION_PREFIXES = ("to_", "not_to_")
