module trellis

go 1.26.0
