"""Messages that booking causes (receipts, cancellations, visit changes, reminders, waiting-list offers …).

Each goes to the citizen through ``bot.delivery.notify`` with a dedupe key, so a job or a request that runs
twice sends once. Choice keys that the conversation answers (``bot/flows/replies.py``; README.md, "Booking"):
``rebook:<visit_id>``, ``reminder:appointment:<appointment_id>:confirm|cancel``,
``reminder:visit:<visit_booking_id>:confirm|cancel``, ``waitlist:<entry_id>:<start>:take|no`` and
``offer:<case_id>:<service>:<start>`` (times staff offered from a case).
"""
