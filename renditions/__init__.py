import logging

# WeasyPrint logs every layout step at INFO; keep only its warnings (e.g. refused URLs).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
