"""``commsctl render``: draft one communication from its template and the values supplied for it.

Modules, in the order ``command`` runs them:

- ``inputs`` reads --set and --data.
- ``plancheck`` finds the plan errors that concern the communication.
- ``context`` builds the template variables.
- ``engine`` renders the template blocks in the sandbox.
- ``limits`` checks the draft against its channels.
- ``formats`` writes markdown, text, html or eml.
"""
