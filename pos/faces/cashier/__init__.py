"""The Textual till: screens, widgets and the messages that wire devices and sync into them."""
