module fearless/bench/channels/go

go 1.19
