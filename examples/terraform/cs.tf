resource "huaweicloud_vpc" "cs" {
  name = "cs-peer-vpc"
  cidr = "172.16.0.0/16"
}

resource "huaweicloud_vpc_subnet" "cs" {
  name       = "cs-peer-subnet"
  cidr       = "172.16.1.0/24"
  gateway_ip = "172.16.1.1"
  vpc_id     = huaweicloud_vpc.cs.id
}

resource "huaweicloud_cs_cluster_v1" "test" {
  name = "cs-cluster-1"
}

resource "huaweicloud_cs_peering_connect_v1" "test" {
  name       = "cs-peering-1"
  cluster_id = huaweicloud_cs_cluster_v1.test.id

  target_vpc_info {
    vpc_id = huaweicloud_vpc.cs.id
  }
}

resource "huaweicloud_cs_route_v1" "test" {
  cluster_id  = huaweicloud_cs_cluster_v1.test.id
  peering_id  = huaweicloud_cs_peering_connect_v1.test.id
  destination = huaweicloud_vpc_subnet.cs.cidr
}
