"""Hooks of the customs app: higher layers react to customs facts without customs importing them.

Receivers are connected in the reacting app's `AppConfig.ready()` with a `dispatch_uid`; they run
synchronously inside the service's transaction.
"""

from django.dispatch import Signal

# A recordal, a recordal change or a customs notice of a right was written.
# Keyword arguments: right (the recordal's Right), actor, cause (the recordal, change or notice
# written; its id is None once deleted). Receiver: deadlines (recompute, naming the cause in the
# deadlines' history).
recordal_changed = Signal()

# A general guarantee was registered or changed. Keyword arguments: guarantee, actor.
# Receiver: deadlines (recompute the guarantee's renewal and bank-letter dates).
guarantee_changed = Signal()
