"""Date and number formats of the two UI languages (FORMAT_MODULE_PATH), over Django's own.

Indonesian official writing: "Rabu, 16 Oktober 2024, 09.00" (the zone, WIB/WITA/WIT, is added
where the cycle's zone is known: common.moments.local_time_text), a decimal comma and a thousands
dot. English: "Wednesday, 16 October 2024, 09:00", a decimal point. Inputs stay ISO first.
"""
