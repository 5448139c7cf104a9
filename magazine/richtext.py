"""The rich-text vocabulary editors get, shared by every rich-text field.

django-prose-editor derives both the editor's toolbar and the nh3 allow-list
from this one mapping, so what the editor can make is exactly what is kept.
"""

RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
    "HTML": True,
    "Typographic": True,
}
