"""Answers to the choices jobs send (reminders, visit changes, waiting-list offers), from whatever state.

The dialogue enters here when a pressed button or a typed number answers such a message; what follows a
full visit or a time taken meanwhile is the usual choice of the mobile-unit or the appointment flow.
"""

from bot.engine import Act, End, Flow, Goto

FLOW = Flow.of(
    "replies",
    Act("route", "answer_job_choice", next={"done": "end", "visits": "to_visits", "times": "to_times"}),
    End("end"),
    Goto("to_visits", "mobile", node="show"),
    Goto("to_times", "appointment", node="times"),
)
