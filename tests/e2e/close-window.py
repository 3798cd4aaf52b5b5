#!/usr/bin/python3
"""Asks the X windows of process PID to close, as a window manager does when the user clicks the
close button: a WM_DELETE_WINDOW client message (the app sees a close request it may refuse).
WebDriver's "close window" instead destroys the web view, which is not what a user does, and
xvfb has no window manager to send this for us.

Usage: close-window.py PID   (exits 1 when the process has no window that accepts the message)
"""
import sys

from Xlib import X, display, protocol

pid = int(sys.argv[1])
d = display.Display()
NET_WM_PID = d.intern_atom("_NET_WM_PID")
WM_PROTOCOLS = d.intern_atom("WM_PROTOCOLS")
WM_DELETE_WINDOW = d.intern_atom("WM_DELETE_WINDOW")


def windows(w):
    yield w
    for child in w.query_tree().children:
        yield from windows(child)


sent = 0
for w in windows(d.screen().root):
    try:
        owner = w.get_full_property(NET_WM_PID, X.AnyPropertyType)
        if not owner or owner.value[0] != pid or WM_DELETE_WINDOW not in (w.get_wm_protocols() or []):
            continue
        attrs = w.get_attributes()
        if attrs.map_state != X.IsViewable:
            continue
    except Exception:  # a window that went away meanwhile
        continue
    event = protocol.event.ClientMessage(window=w, client_type=WM_PROTOCOLS, data=(32, [WM_DELETE_WINDOW, X.CurrentTime, 0, 0, 0]))
    w.send_event(event, event_mask=X.NoEventMask)
    sent += 1
d.flush()
sys.exit(0 if sent else 1)
