resource "huaweicloud_vpc" "eg" {
  name = "eg-vpc"
  cidr = "10.10.0.0/16"
}

resource "huaweicloud_vpc_subnet" "eg" {
  name       = "eg-subnet"
  cidr       = "10.10.1.0/24"
  gateway_ip = "10.10.1.1"
  vpc_id     = huaweicloud_vpc.eg.id
}

resource "huaweicloud_eg_connection" "webhook" {
  name        = "webhook-target"
  vpc_id      = huaweicloud_vpc.eg.id
  subnet_id   = huaweicloud_vpc_subnet.eg.id
  description = "private webhook target"
}

resource "huaweicloud_eg_connection" "kafka" {
  name      = "kafka-target"
  vpc_id    = huaweicloud_vpc.eg.id
  subnet_id = huaweicloud_vpc_subnet.eg.id
  type      = "KAFKA"

  kafka_detail {
    instance_id     = "3c0b8d1e-5f4a-4b6c-9d2e-7a8f9b0c1d2e"
    connect_address = "10.10.1.10:9092,10.10.1.11:9092"
  }
}
