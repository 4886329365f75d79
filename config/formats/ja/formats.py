"""Japanese date formats for forms and the admin: ISO input plus the slash form staff type."""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%dT%H:%M"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y/m/d"
