/** The EventPublisher contract in Node: every row of the publisher matrix that runs here (in-process and on sockets). */

import { runEventPublisherMatrix } from './event-publisher.matrix.ts'

runEventPublisherMatrix('node')
