"""The officer's desk: "My work", one list of what the officer has to act on now (a cross-app
screen: deadlines of every app, each linked to where the officer acts on it)."""
