// The connection server's and the broker's requests are declared in IRootTask; their codec is generated (RootTaskProtocol).
