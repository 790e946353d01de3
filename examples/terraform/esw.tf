resource "huaweicloud_vpc" "esw" {
  name = "esw-vpc"
  cidr = "192.168.0.0/16"
}

resource "huaweicloud_vpc_subnet" "esw_tunnel" {
  name       = "esw-tunnel"
  cidr       = "192.168.0.0/24"
  gateway_ip = "192.168.0.1"
  vpc_id     = huaweicloud_vpc.esw.id
}

resource "huaweicloud_vpc_subnet" "esw_l2" {
  name       = "esw-l2"
  cidr       = "192.168.1.0/24"
  gateway_ip = "192.168.1.1"
  vpc_id     = huaweicloud_vpc.esw.id
}

data "huaweicloud_esw_flavors" "all" {}

resource "huaweicloud_esw_instance" "test" {
  name        = "esw-1"
  flavor_ref  = data.huaweicloud_esw_flavors.all.flavors[0].name
  ha_mode     = "ha"
  description = "layer-2 gateway to the data centre"

  availability_zones {
    primary = data.huaweicloud_esw_flavors.all.flavors[0].available_zones[0]
    standby = data.huaweicloud_esw_flavors.all.flavors[0].available_zones[1]
  }

  tunnel_info {
    vpc_id       = huaweicloud_vpc.esw.id
    virsubnet_id = huaweicloud_vpc_subnet.esw_tunnel.id
    tunnel_ip    = "192.168.0.192"
  }

  charge_infos {
    charge_mode = "postPaid"
  }
}

resource "huaweicloud_esw_connection" "test" {
  instance_id  = huaweicloud_esw_instance.test.id
  name         = "l2-conn-1"
  vpc_id       = huaweicloud_vpc.esw.id
  virsubnet_id = huaweicloud_vpc_subnet.esw_l2.id
  fixed_ips    = ["192.168.1.80", "192.168.1.100"]

  remote_infos {
    segmentation_id = 9999
    tunnel_ip       = "203.0.113.10"
  }
}
