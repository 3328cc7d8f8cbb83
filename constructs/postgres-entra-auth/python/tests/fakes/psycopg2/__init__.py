"""A stand-in for psycopg2.connect: records the keyword arguments of each connection."""

connections = []


class Connection:
    def __init__(self, parameters):
        self.parameters = parameters
        self.autocommit = False
        self.closed = False

    def close(self):
        self.closed = True


def connect(**parameters):
    connection = Connection(parameters)
    connections.append(connection)
    return connection
