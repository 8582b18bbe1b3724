package fix

import "time"

// SetClock fixes the time the timestamp fix writes, for golden files.
func SetClock(clock func() time.Time) { now = clock }
