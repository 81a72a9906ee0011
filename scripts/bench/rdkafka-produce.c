/* Produces N records of S bytes to one partition with librdkafka's C API as fast as the client allows and
 * prints records/s and MB/s, so broker throughput is measured without a Python loop in the way.
 *   rdkafka-produce BOOTSTRAP TOPIC COUNT SIZE ACKS IDEMPOTENT(0|1)                                          */
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long delivered, failed;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
    (void)rk; (void)opaque;
    if (message->err) failed++; else delivered++;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: %s BOOTSTRAP TOPIC COUNT SIZE ACKS IDEMPOTENT\n", argv[0]);
        return 2;
    }
    long count = atol(argv[3]);
    size_t size = (size_t)atol(argv[4]);
    char error[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const char *settings[][2] = {
        {"bootstrap.servers", argv[1]}, {"acks", argv[5]}, {"enable.idempotence", argv[6][0] == '1' ? "true" : "false"},
        {"linger.ms", "5"}, {"batch.size", "1000000"}, {"queue.buffering.max.messages", "2000000"},
        {"queue.buffering.max.kbytes", "2097151"},
    };
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        if (rd_kafka_conf_set(conf, settings[i][0], settings[i][1], error, sizeof error) != RD_KAFKA_CONF_OK) {
            fprintf(stderr, "%s\n", error);
            return 1;
        }
    }
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!producer) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    rd_kafka_topic_t *topic = rd_kafka_topic_new(producer, argv[2], NULL);
    char *value = malloc(size);
    memset(value, 'x', size);
    double start = now();
    for (long i = 0; i < count;) {
        if (rd_kafka_produce(topic, 0, RD_KAFKA_MSG_F_COPY, value, size, NULL, 0, NULL) == -1) {
            rd_kafka_poll(producer, 1);
            continue;
        }
        i++;
        if ((i & 1023) == 0) rd_kafka_poll(producer, 0);
    }
    rd_kafka_flush(producer, 120000);
    double elapsed = now() - start;
    printf("%ld delivered, %ld failed, %.0f records/s, %.1f MB/s\n", delivered, failed, delivered / elapsed,
           delivered * (double)size / elapsed / 1e6);
    rd_kafka_topic_destroy(topic);
    rd_kafka_destroy(producer);
    free(value);
    return failed != 0;
}
