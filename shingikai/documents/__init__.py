"""Case documents (諮問書・報告事項) as DOCX, PDF and HTML.

The renderers (`casedoc` and the modules it uses) are pure Python and import no Django, so
they run in tests, scripts and the web alike.
"""
