listeners = []


def listen(target, identifier, fn):
    listeners.append((target, identifier, fn))


def contains(target, identifier, fn):
    return (target, identifier, fn) in listeners
